"""Ovid's diagnostic codes (OV): MEDLINE, Embase and APA PsycInfo on Ovid.

OV1xx fields and controlled vocabularies, OV2xx terms and wildcards, OV3xx
proximity and limits, OV5xx reading an Ovid search history back
(``querylang import --from ovid``). Sources: Ovid's "Advanced Search
Techniques" help page (command line syntax, truncation and wildcards,
operators) and the Ovid database field guides (ospguides.ovid.com); see
docs/db-ovid.md.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        "OV101", W, "A MeSH heading written as an Emtree heading: check the name in Emtree",
        """Embase is indexed with Emtree, not MeSH. querylang writes the heading of
mesh: with Emtree's syntax on Ovid (exp heading/, heading/, *heading/) so
that the line keeps its shape, but the two thesauri name many concepts
differently (MeSH "Neoplasms" is Emtree "neoplasm") and their trees differ,
so an exploded heading gathers other narrower terms. Look the heading up
in Emtree (Ovid's Search Tools, "Thesaurus") before running the line.""",
        'mesh:"Adrenal Cortex Hormones"',
        "look it up in Emtree (\"corticosteroid\") and keep the free-text words beside it",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV102", W, "A MeSH heading written as an APA Thesaurus heading: check the name",
        """APA PsycInfo is indexed with the APA Thesaurus of Psychological Index
Terms, not MeSH. querylang writes the heading of mesh: with its syntax
(exp heading/, heading/, *heading/), but the names and the trees differ
(MeSH "Depressive Disorder" is APA "Major Depression"). Look the term up
in the APA Thesaurus (Ovid's Search Tools, "Thesaurus") before running.""",
        'mesh:"Depressive Disorder"',
        "look it up in the APA Thesaurus and keep the free-text words beside it",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV103", I, "Text words are written .mp. (multi-purpose)",
        """The portable tw: is PubMed's [tw]: title, abstract, MeSH terms and other
terms. Ovid's closest field is .mp. (multi-purpose): title, abstract,
subject heading words, keyword headings and a few more, listed per
database in its field guide. The lists are close, not the same.""",
        "tw:asthma",
        "tiab:asthma when title and abstract are enough (.ti,ab.)",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV104", W, "A MeSH subheading has no exact counterpart in this database",
        """MeSH subheadings (qualifiers) are MEDLINE's. Embase has its own
subheadings (Emtree "link" terms) and APA PsycInfo has none. The heading
is searched without the subheading (broader), or a floating subheading
is searched as text where the database has none.""",
        'mesh:"Asthma/drug therapy"',
        "the heading alone, ANDed with words for the subheading's idea",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV105", W, "A PubMed publication type searched in another database's .pt. field",
        """pt: names PubMed publication types, which Ovid MEDLINE searches exactly
(.pt.). Embase's publication types ("Article", "Review", "Conference
Abstract") and APA PsycInfo's ("Journal", "Book") are other lists: a
MEDLINE type such as "randomized controlled trial" may match nothing
there. Study designs are Emtree headings in Embase and methodology (.md.)
in APA PsycInfo.""",
        'pt:"randomized controlled trial"',
        "randomized controlled trial/ in Embase, or words in tiab:",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV106", I, "Author names: check the form this database indexes",
        """Ovid MEDLINE indexes authors as "Smith J" (.au.); Embase and APA PsycInfo
show fuller forms ("Smith, John"). A "Surname Initials" name may need
truncation (Smith J*) or the database's own form to match.""",
        'au:"Smith J"',
        'au:"Smith J*" and check the author index',
    ),
    CodeInfo(
        "OV201", E, "Ovid truncates only at the end of a word",
        """Ovid's * and $ truncate: any number of characters at the end of a word
(Ovid's help, "Truncation and Wild Cards"). Inside a word only # (exactly
one character) and ? (zero or one) are allowed, so a * in the middle of
a word cannot be written.""",
        "p*diatric",
        "p$diatric (zero or one character: written p?diatric) or the variants ORed",
    ),
    CodeInfo(
        "OV202", I, "Quoted: the term holds characters Ovid reads as syntax",
        """A term that is a number or an operator word (and, or, not, adj), or holds
punctuation, is quoted so that Ovid reads it as text and not as a set
number or a command (Ovid's help: quotes for numbers and operator words).
Ovid does not read wildcards inside quotes the same way everywhere:
check the line.""",
        '"covid 19" OR "and"',
        "a word without the punctuation, or the phrase without the number",
    ),
    CodeInfo(
        "OV301", W, "Limits are an Ovid line of their own",
        """Ovid applies limits with the limit command on a search of the history
(limit 5 to english language; limit 5 to yr="2013 - 2023"). A line that
holds search terms and limits cannot be one Ovid line: the search is
written without them and the diagnostic names the limit line to enter
after it; the same limit line is printed as a note under the search and
given in the report's interface instructions. Until that line is entered,
the search finds more. compile --history writes a line "#n AND year:..." as
Ovid's limit line, exactly; there, a line with search terms and limits
before the last line is refused (OV305).""",
        "asthma AND year:2013-2023",
        "1. asthma\n2. #1 AND year:2013-2023 (Ovid: limit 1 to yr=\"2013 - 2023\")",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV302", E, "A year limit inside OR or NOT cannot be written for Ovid",
        """Ovid limits whole searches (the limit command). A year limit that
reaches an OR or a NOT through a #n reference restricts only part of the
line, which Ovid cannot express.""",
        "1. asthma AND year:2020\n2. #1 OR wheez*",
        "limit the final line instead: 2. #1 OR wheez*  3. #2 AND year:2020",
    ),
    CodeInfo(
        "OV305", E, "A history line with search terms and limits would renumber Ovid's history",
        """In Ovid's search history a limit is a line of its own (limit 5 to
english language), entered after the search it limits. A line of the
strategy that holds search terms and limits therefore needs two Ovid lines;
before the last line, the second would take the next line's number and every
later line's number and references would no longer match the strategy.
compile --history refuses such a line (compile without --history writes it
with the limit line as a note, OV301). On the last line the note says which
limit line to enter.""",
        "1. asthma AND year:2013-\n2. #1 OR wheez*",
        "1. asthma\n2. #1 AND year:2013-\n3. #2 OR wheez*",
    ),
    CodeInfo(
        "OV303", W, "ADJn beyond the documented range",
        """Ovid's ADJn takes n from 1 to 99 (n - 1 words between the terms). A
NEAR/n with n above 98 is written as given; Ovid may refuse it.""",
        "pain NEAR/120 hip",
        "pain NEAR/98 hip or less",
    ),
    CodeInfo(
        "OV304", W, "Proximity on subject headings is written as AND",
        """ADJn finds words near each other in a text field; subject headings are
whole terms, not words of a text. A NEAR on mesh: is written as AND
(broader).""",
        'mesh:Asthma NEAR/3 mesh:Child',
        "mesh:Asthma AND mesh:Child",
        changes_meaning=True,
    ),
    # -- OV5xx: reading an Ovid search history (import --from ovid) --------------
    CodeInfo(
        "OV501", W, "Ovid's .mp. (or a term without a suffix) is read as tiab:",
        """Ovid's .mp. (multi-purpose: title, abstract, heading words, keyword
headings and more), which is also what a term without a field suffix
searches, has no exact portable field. It is read as tiab:, the closest
one: the imported search finds less than it did in Ovid (no heading
words).""",
        "asthma.mp.",
        "tiab:asthma (and mesh: for the headings)",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV502", E, "An Ovid field with no portable field",
        """The line searches an Ovid field (such as .hw. heading word, .rn.
registry number, .nm. substance name, .in. institution) that the
portable language has no field for.""",
        "aspirin.nm.",
        "name the idea in words in tiab:, or a heading in mesh:",
    ),
    CodeInfo(
        "OV503", W, "An Ovid limit or command with no portable form",
        """The portable language carries year and language limits, and reads
"limit 5 to humans" as mesh-noexp:"Humans" and a MEDLINE publication type
as pt:. Other Ovid limits (abstracts, age groups, "last 5 years", a
database segment such as "embase") have no portable form: they are left
out and the imported search finds more. The multifile commands "remove
duplicates from 12" and "12 use medall" are read as #12, said the same way.""",
        "limit 5 to (english language and abstracts)",
        "#5 AND lang:english, and apply the abstracts limit by hand",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV504", E, "The Ovid line cannot be read",
        """The search does not follow Ovid's syntax as querylang reads it (an
unbalanced parenthesis, an operator without its operands, a command
querylang does not know).""",
        "(asthma or wheez*.ti,ab.",
        "(asthma or wheez*).ti,ab.",
    ),
    CodeInfo(
        "OV505", W, "$n (limited truncation) is read as *",
        """Ovid's $n truncation (at most n more characters) has no portable form:
it is read as * (any number of characters: broader).""",
        "dog$1",
        "(dog OR dogs), or dog*",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV506", W, "A bare adj between groups is read as NEAR/0",
        """A bare adj finds the words next to each other in the order typed: a
phrase. Its operands must be single words or phrases to be read so;
otherwise it is read as NEAR/0 (any order: broader).""",
        "(breast adj (cancer or neoplasm)).ti.",
        'ti:("breast cancer" OR "breast neoplasm")',
        changes_meaning=True,
    ),
    CodeInfo(
        "OV507", W, "An Emtree or APA Thesaurus history: headings read as MeSH",
        """The pasted export names Embase or APA PsycInfo in its header. Their subject
headings (exp heading/) are Emtree's or the APA Thesaurus's; the portable
language has MeSH headings only, so they are read as mesh: with their
names as written. Many names differ from MeSH's (Emtree "neoplasm", MeSH
"Neoplasms"): check each before running the strategy in a MeSH database.""",
        "Database: Embase <1974 to 2023 March 01>\n1 exp neoplasm/",
        'mesh:"Neoplasms" after checking the name in MeSH',
        changes_meaning=True,
    ),
    CodeInfo(
        "OV508", W, "A subheading combination not carried exactly",
        """Ovid writes a heading with subheadings as heading/dt,th (any of them)
or a floating subheading as dt.fs.; the portable language carries one
subheading per heading: several are read as an OR of headings with one
subheading each.""",
        "exp asthma/dt,th",
        'mesh:"Asthma/drug therapy" OR mesh:"Asthma/therapy"',
    ),
    CodeInfo(
        "OV509", I, "Ovid's .tw. is read as tiab:",
        """Ovid's .tw. (text word) is the title and the abstract in Ovid MEDLINE,
exactly tiab:. In Embase it also searches drug trade names, and in other
Ovid databases its list is in the database's field guide.""",
        "(asthma* or wheez*).tw.",
        "tiab:(asthma* OR wheez*)",
    ),
    CodeInfo(
        "OV510", W, "A major heading not exploded is read exploded",
        """Ovid's *Heading/ (major topic, this heading only) has no portable
form: the portable language's mesh-major: is exploded (the heading and
the headings under it, as major topic), like Ovid's exp *Heading/ and
PubMed's [majr]. The import writes mesh-major:, which finds at least as
much: the imported search is broader.""",
        "*Asthma/",
        'mesh-major:"Asthma" (exploded: also its narrower headings as major topic)',
        changes_meaning=True,
    ),
    CodeInfo(
        "OV511", E, "A field suffix or a heading written wrongly",
        """An Ovid field suffix is two-letter field codes between dots,
comma-separated (.ti,ab.), and a subject heading ends with its slash
(exp Asthma/). A suffix such as .tiab., one without its final dot
(.ti,ab) or exp Heading without the slash would otherwise be searched as
its literal text: the line is refused.""",
        "asthma.tiab.",
        "asthma.ti,ab.",
    ),
    CodeInfo(
        "OV512", E, "An Ovid limit written wrongly",
        """A limit whose name is spelled close to a language or to a known limit
(englsh language, humnas), a language the portable language does not
know, or a year limit without its years (yr=) is refused: left out, it
would widen the search without a word. A limit spelled right that has no
portable form stays a warning (OV503).""",
        "limit 1 to englsh language",
        "limit 1 to english language",
    ),
    CodeInfo(
        "OV513", W, "An adj distance outside Ovid's 1 to 99",
        """Ovid's ADJn takes n from 1 to 99 (n - 1 words between, any order); it
has no adj0. adj0 is read as adj1 (NEAR/0: next to each other, any order)
and adj100 or more as written (NEAR/n-1), which Ovid itself would refuse.""",
        "pain adj0 hip",
        "pain NEAR/0 hip (adj1), or \"pain hip\" (adj: a phrase)",
        changes_meaning=True,
    ),
    CodeInfo(
        "OV514", E, "Truncation inside a word",
        """Ovid truncates (* and $) only at the end of a word, as the Ovid target
says with OV201; inside a word Ovid's wildcards are # (exactly one
character) and ? (zero or one). A history with * or $ inside a word is
refused rather than read with a meaning Ovid did not give it.""",
        "ast*ma.ti.",
        "asthma.ti. or ast#ma.ti.",
    ),
)
