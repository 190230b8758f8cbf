// querylang's local page. Plain JavaScript, no framework, no build step;
// everything it needs comes from the server that served it.
"use strict";
(() => {
  const token = document.querySelector('meta[name="querylang-token"]').content;
  const $ = (id) => document.getElementById(id);
  const DEBOUNCE_MS = 30;
  const DRAFT_KEY = "querylang.draft";
  const state = {
    databases: [], downloads: [], seq: 0, abort: null, fileName: "", fileHandle: null,
    runId: null, diagnostics: [], running: false, inputAt: 0, open: new Set(),
  };
  // What a test or bench/serve.py reads: the last keystroke-to-update time.
  const probe = window.querylang = { checks: 0, latencies: [], runs: 0 };

  // -- small helpers ------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const number = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));

  async function api(path, options = {}) {
    const init = { method: options.method || "GET", headers: { "X-Querylang-Token": token },
      signal: options.signal };
    if (options.json !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.json);
    }
    return fetch(path, init);
  }

  async function json(response) {
    let data;
    try { data = await response.json(); } catch (e) { data = { error: `HTTP ${response.status}` }; }
    if (!response.ok) {
      const error = new Error(data.error + (data.hint ? ` (${data.hint})` : ""));
      error.data = data;
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function say(id, text, kind) {
    const node = $(id);
    node.textContent = text;
    node.className = "summary" + (kind ? " " + kind : "");
  }

  // -- the editor: line numbers, underlines ---------------------------------------

  const editor = $("strategy");

  function lineStarts(text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
    return starts;
  }

  function offsetOf(starts, text, line, column) {
    if (!line || line < 1) return null;
    const start = starts[Math.min(line, starts.length) - 1];
    return Math.min(start + Math.max(column, 1) - 1, text.length);
  }

  function diagnosticRange(d, text, starts) {
    const start = offsetOf(starts, text, d.line, d.column);
    if (start === null) return null;
    let end = offsetOf(starts, text, d.end_line || d.line, d.end_column || d.column + 1);
    if (end === null || end <= start) end = Math.min(start + 1, text.length);
    return [start, end];
  }

  const RANK = { error: 0, warning: 1, info: 2 };

  function paintEditor() {
    const text = editor.value;
    const starts = lineStarts(text);
    const worst = new Map();
    const ranges = [];
    for (const d of state.diagnostics) {
      if (d.line) {
        const now = worst.get(d.line);
        if (now === undefined || RANK[d.severity] < RANK[now]) worst.set(d.line, d.severity);
      }
      const range = diagnosticRange(d, text, starts);
      if (range) ranges.push([...range, d.severity]);
    }
    const gutter = $("gutter");
    gutter.replaceChildren(...starts.map((_, i) => {
      const kind = worst.get(i + 1);
      return el("div", kind ? { class: kind, "data-line": i + 1 } : { "data-line": i + 1 }, i + 1);
    }));
    ranges.sort((a, b) => a[0] - b[0] || RANK[a[2]] - RANK[b[2]]);
    const parts = [];
    let at = 0;
    for (const [start, end, severity] of ranges) {
      if (start < at) continue; // overlapping: the first (most severe at a place) wins
      parts.push(text.slice(at, start), el("mark", { class: severity }, text.slice(start, end) || " "));
      at = end;
    }
    parts.push(text.slice(at) + "\n ");
    $("backdrop").replaceChildren(...parts);
    syncScroll();
  }

  function syncScroll() {
    $("gutter").scrollTop = editor.scrollTop;
    $("backdrop").scrollTop = editor.scrollTop;
    $("backdrop").scrollLeft = editor.scrollLeft;
  }

  function goTo(d) {
    const text = editor.value;
    const range = diagnosticRange(d, text, lineStarts(text));
    editor.focus();
    if (range) editor.setSelectionRange(range[0], range[1]);
  }

  // -- diagnostics as you type -------------------------------------------------------

  function diagnosticItem(d) {
    const where = d.line ? `${d.line}:${d.column}` : "";
    const explanation = el("div", { class: "explanation", hidden: true });
    const explain = el("button", {
      type: "button", class: "explain-button", "aria-expanded": "false",
      "aria-label": `Explain ${d.code}`,
      onclick: async () => {
        const open = explain.getAttribute("aria-expanded") === "true";
        explain.setAttribute("aria-expanded", String(!open));
        explanation.hidden = open;
        if (!open && !explanation.textContent) {
          try {
            const info = await json(await api(`/api/explain/${encodeURIComponent(d.code)}`));
            explanation.textContent = `${info.title}\n\n${info.explanation}\n\nExample:\n    ${info.example}\n\nWrite instead:\n    ${info.instead}` +
              (info.changes_meaning ? "\n\nThis is a change of meaning: strict refuses it." : "");
          } catch (error) { explanation.textContent = error.message; }
        }
      },
    }, "Explain");
    return el("li", { class: d.severity, "data-code": d.code, "data-line": d.line },
      el("div", { class: "diag-head" },
        where ? el("button", { type: "button", class: "diag-where", title: "Go to the place",
          "aria-label": `line ${d.line} column ${d.column}`, onclick: () => goTo(d) }, where) : null,
        el("span", { class: "diag-code" }, d.code),
        el("span", { class: "diag-severity visually-hidden" }, d.severity),
        el("span", { class: "diag-message" }, d.message),
        explain),
      d.hint ? el("div", { class: "diag-hint" }, "help: " + d.hint) : null,
      explanation);
  }

  function renderDiagnostics(list, id) {
    $(id).replaceChildren(...list.map(diagnosticItem));
  }

  function scheduleCheck() {
    state.inputAt = performance.now();
    clearTimeout(state.timer);
    state.timer = setTimeout(check, DEBOUNCE_MS);
    try {
      localStorage.setItem(DRAFT_KEY, editor.value);
      localStorage.setItem(DRAFT_KEY + ".name", state.fileName);
    } catch (e) { /* private mode */ }
  }

  async function check() {
    const seq = ++state.seq;
    if (state.abort) state.abort.abort();
    state.abort = new AbortController();
    const typedAt = state.inputAt;
    let data;
    try {
      data = await json(await api("/api/check", { json: { text: editor.value },
        signal: state.abort.signal }));
    } catch (error) {
      if (error.name === "AbortError") return;
      const gone = error instanceof TypeError; // fetch itself failed: no server
      say("check-summary", gone ? "The server is not answering: start querylang serve again " +
        "(your text is kept in this browser)." : error.message, "bad");
      return;
    }
    if (seq !== state.seq) return; // a newer keystroke is on its way
    state.diagnostics = data.diagnostics;
    paintEditor();
    renderDiagnostics(data.diagnostics, "diagnostics");
    const errors = data.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = data.diagnostics.filter((d) => d.severity === "warning").length;
    const lines = data.lines ? `${data.lines} line(s); ` : "";
    say("check-summary", `${lines}${errors} error(s), ${warnings} warning(s)`,
      errors ? "bad" : "ok");
    renderTargets(data.targets);
    probe.checks += 1;
    if (typedAt) probe.latencies.push(performance.now() - typedAt);
    document.body.dataset.checks = String(probe.checks);
  }

  // -- translations --------------------------------------------------------------------

  async function copy(text, button) {
    let done = false;
    try { await navigator.clipboard.writeText(text); done = true; } catch (e) {
      const area = el("textarea", { "aria-hidden": "true" }, text);
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.append(area);
      area.select();
      try { done = document.execCommand("copy"); } catch (e2) { done = false; }
      area.remove();
    }
    const label = button.textContent;
    button.textContent = done ? "Copied" : "Copy failed: select the text";
    button.dataset.copied = done ? "yes" : "no";
    setTimeout(() => { button.textContent = label; }, 1500);
  }

  function queryBlock(name, title, kind, label, text) {
    const id = `query-${name}-${kind}`;
    return el("div", { class: "query-block" },
      el("div", { class: "query-label" }, el("span", { id: `${id}-label` }, label),
        el("button", { type: "button", class: "copy", id: `copy-${name}-${kind}`,
          "aria-label": `Copy the ${title} ${kind === "api" ? "API query" : "query"}`,
          onclick: (event) => copy(text, event.currentTarget) }, "Copy")),
      el("pre", { class: "query", id, "aria-labelledby": `${id}-label`, tabindex: "0" }, text));
  }

  function renderTargets(targets) {
    const focused = document.activeElement && document.activeElement.id;
    const cards = Object.entries(targets).map(([name, t]) => {
      const faces = (state.databases.find((d) => d.name === name) || {}).faces || ["Query", "API query"];
      const blocks = [];
      if (t.query !== null) {
        blocks.push(queryBlock(name, t.title, "interface", faces[0], t.query));
        if (t.api_query && t.api_query !== t.query) {
          blocks.push(queryBlock(name, t.title, "api", faces[1], t.api_query));
        }
      } else {
        blocks.push(el("p", { class: "summary bad" }, "No query: see the errors."));
      }
      // Collapsed to one line (count and codes): a long strategy has many,
      // and the queries are what this column is for. Opened stays open.
      const codes = [...new Set(t.diagnostics.map((d) => d.code))].join(", ");
      const list = t.diagnostics.length ? el("details", {
        class: "target-diagnostics", id: `diagnostics-${name}`, open: state.open.has(name),
        ontoggle: (event) => { if (event.target.open) state.open.add(name); else state.open.delete(name); } },
        el("summary", {}, `${t.diagnostics.length} diagnostic(s): ${codes}`),
        el("ul", { class: "diagnostics", "aria-label": `${t.title} diagnostics` },
          t.diagnostics.map(diagnosticItem))) : null;
      return el("article", { class: "target" + (t.query === null ? " refused" : ""),
        id: `target-${name}`, "aria-labelledby": `target-${name}-title` },
        el("h3", { id: `target-${name}-title` }, t.title,
          el("span", { class: "muted small" }, `line ${t.line}`)),
        blocks,
        t.notes.length ? el("ul", { class: "notes" }, t.notes.map((n) => el("li", {}, n))) : null,
        list);
    });
    $("targets").replaceChildren(...cards);
    if (focused && focused.startsWith("copy-") && $(focused)) $(focused).focus();
  }

  // -- files ---------------------------------------------------------------------------

  function setText(text, name) {
    editor.value = text;
    if (name !== undefined) {
      state.fileName = name;
      $("file-name").textContent = name ? `File: ${name}` : "";
      $("history-name").textContent = name || "this file";
      $("history-mine").disabled = !name;
    }
    scheduleCheck();
  }

  $("open-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    setText((await file.text()).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n"), file.name);
    state.fileHandle = null;
    event.target.value = "";
  });

  async function save() {
    const name = state.fileName || "strategy.qry";
    const text = editor.value.endsWith("\n") ? editor.value : editor.value + "\n";
    if (window.showSaveFilePicker) {
      try {
        const handle = state.fileHandle || await window.showSaveFilePicker({ suggestedName: name,
          types: [{ description: "Search strategy", accept: { "text/plain": [".qry"] } }] });
        const writable = await handle.createWritable();
        await writable.write(text);
        await writable.close();
        state.fileHandle = handle;
        state.fileName = handle.name;
        $("file-name").textContent = `Saved: ${handle.name}`;
        return;
      } catch (error) {
        if (error.name === "AbortError") return;
      }
    }
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain" })),
      download: name });
    document.body.append(link);
    link.click();
    link.remove();
    $("file-name").textContent = `Saved as a download: ${name}`;
  }
  $("save-file").addEventListener("click", save);

  $("load-example").addEventListener("click", async () => {
    const response = await api("/static/example.qry");
    setText(await response.text(), "llm-medical-imaging.qry");
  });

  // -- import (where querylang has it) ---------------------------------------------------

  $("import-button").addEventListener("click", async () => {
    say("import-status", "Importing…");
    $("import-diagnostics").replaceChildren();
    try {
      const data = await json(await api("/api/import", { json: {
        source: $("import-source").value, dialect: $("import-dialect").value } }));
      const text = data.text ?? data.strategy ?? data.portable;
      if (typeof text === "string") setText(text.endsWith("\n") ? text : text + "\n", "");
      const found = data.diagnostics || [];
      renderDiagnostics(found, "import-diagnostics");
      say("import-status", `Imported into the editor; ${found.length} note(s) on the pasted text.`, "ok");
    } catch (error) {
      say("import-status", error.message, "bad");
    }
  });

  // -- run -------------------------------------------------------------------------------

  function renderDatabases() {
    $("run-databases").replaceChildren(...state.databases.map((db) => {
      const needsCount = db.key_required && !db.has_key;
      return el("div", { class: "database" },
        el("label", {}, el("input", { type: "checkbox", id: `run-db-${db.name}`, value: db.name,
          checked: true }), " ", db.title),
        needsCount ? el("span", { class: "manual", id: `count-${db.name}-why` },
          `No ${db.key_env} on the server: it is skipped, or type the count read off its web page`) : null,
        needsCount ? el("label", { class: "manual", for: `count-${db.name}` },
          `${db.title} count (final line)`) : null,
        needsCount ? el("input", { type: "number", min: "0", step: "1", inputmode: "numeric",
          id: `count-${db.name}`, "aria-describedby": `count-${db.name}-why` }) : null);
    }));
  }

  function buildTable(plan) {
    const names = Object.keys(plan.targets);
    const numbers = [...new Set(Object.values(plan.targets).flat())].sort((a, b) => a - b);
    const final = Math.max(...numbers);
    const titles = Object.fromEntries(state.databases.map((d) => [d.name, d.title]));
    const table = $("run-table");
    table.tHead.replaceChildren(el("tr", {}, el("th", { scope: "col" }, "Line"),
      names.map((n) => el("th", { scope: "col" }, titles[n] || n))));
    table.tBodies[0].replaceChildren(...numbers.map((line) => el("tr", {},
      el("th", { scope: "row" }, line === final ? `#${line} (final)` : `#${line}`),
      names.map((n) => el("td", { class: "num pending", id: `cell-${n}-${line}` },
        plan.targets[n].includes(line) ? "…" : "")))));
    table.hidden = false;
  }

  function cellText(line) {
    if ((line.status === "ok" || line.status === "manual") && line.count !== null) {
      const mark = line.source === "cached" ? " (cached)" : line.status === "manual" ? " (manual)" : "";
      return number(line.count) + mark;
    }
    return line.status;
  }

  function onLine(line) {
    const cell = $(`cell-${line.target}-${line.number}`);
    if (!cell) return;
    cell.textContent = cellText(line);
    cell.className = `num status-${line.status}`;
    if (line.error) cell.title = line.error;
  }

  function onTarget(result) {
    const title = (state.databases.find((d) => d.name === result.target) || {}).title || result.target;
    const notes = [];
    // The runner speaks to the terminal (--count wos=N); here it is the field.
    if (result.error) notes.push(result.error.replace(/enter the count with --count \S+/,
      `type the count into the ${title} count field above`));
    if ((result.status === "skipped" || result.status === "manual") && result.query) {
      notes.push(`query for the web interface: ${result.query}`);
    }
    const codes = [...new Set(result.diagnostics.map((d) => d.code))].sort();
    if (codes.length) notes.push(`diagnostics: ${codes.join(", ")}`);
    notes.push(...result.api_notes, ...result.notes);
    for (const line of result.lines) onLine({ target: result.target, ...line });
    const order = state.databases.map((d) => d.name);
    const after = [...$("run-notes").children].find((li) =>
      order.indexOf(li.dataset.target) > order.indexOf(result.target));
    $("run-notes").insertBefore(el("li", { id: `run-note-${result.target}`, "data-target": result.target },
      el("strong", {}, `${title}: `), el("span", { class: "status-tag" }, result.status),
      notes.length ? " — " + notes.join("; ") : ""), after || null);
  }

  async function run() {
    if (state.running) return;
    const databases = state.databases.filter((d) => $(`run-db-${d.name}`).checked).map((d) => d.name);
    if (!databases.length) { say("run-status", "Tick at least one database.", "bad"); return; }
    const counts = {};
    for (const name of databases) {
      const input = $(`count-${name}`);
      if (input && input.value.trim()) counts[name] = input.value.trim();
    }
    state.running = true;
    $("run-button").disabled = true;
    $("run-messages").replaceChildren();
    $("run-notes").replaceChildren();
    say("run-status", "Starting…");
    try {
      const response = await api("/api/run", { json: {
        text: editor.value, name: state.fileName, databases, counts,
        lines: $("run-lines").checked, refresh: $("run-refresh").checked,
        strict: $("run-strict").checked } });
      if (!response.ok) {
        try { await json(response); } catch (error) {
          say("run-status", error.message, "bad");
          renderDiagnostics(error.data && error.data.diagnostics || [], "run-messages");
        }
        return;
      }
      await readEvents(response);
    } catch (error) {
      say("run-status", `The run could not be followed: ${error.message}`, "bad");
    } finally {
      state.running = false;
      $("run-button").disabled = false;
    }
  }

  async function readEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let kind = "message";
        const data = [];
        for (const row of block.split("\n")) {
          if (row.startsWith("event: ")) kind = row.slice(7);
          else if (row.startsWith("data: ")) data.push(row.slice(6));
        }
        onEvent(kind, JSON.parse(data.join("\n")));
      }
    }
  }

  function onEvent(kind, data) {
    if (kind === "plan") {
      buildTable(data);
      say("run-status", "Searching…");
    } else if (kind === "progress" && data.kind === "start") {
      const cell = $(`cell-${data.target}-${data.line}`);
      if (cell && cell.classList.contains("pending")) cell.textContent = "searching…";
    } else if (kind === "progress" && data.kind === "retry") {
      say("run-status", `${data.target}: line ${data.line} retried (${data.detail})`);
    } else if (kind === "line") {
      onLine(data);
    } else if (kind === "target") {
      onTarget(data);
    } else if (kind === "warning") {
      $("run-messages").append(el("li", { class: "warning" }, data.message));
    } else if (kind === "done") {
      probe.runs += 1;
      const failed = data.exit_status !== 0 ? " Some databases failed or were skipped: see the notes." : "";
      say("run-status", (data.logged ? `Done: logged as run ${data.run_id}.` :
        "Done, but the run is not in the search log (see the warning).") + failed,
        failed ? "bad" : "ok");
      document.body.dataset.runs = String(probe.runs);
      if (data.run_id) selectRun(data.run_id);
      loadHistory();
    } else if (kind === "failed") {
      say("run-status", data.error, "bad");
    }
  }

  $("run-button").addEventListener("click", run);
  $("history-mine").addEventListener("change", loadHistory);

  // -- history, diff, downloads -------------------------------------------------------------


  function selectRun(id) {
    state.runId = id;
    $("downloads-run").textContent = `(run ${id})`;
    $("downloads").replaceChildren(...state.downloads.map((d) => el("li", {},
      el("a", { href: `/api/download/${d.name}?run=${id}&token=${token}`, download: "",
        id: `download-${d.name}` }, d.label))));
    for (const link of $("downloads").querySelectorAll("a")) {
      link.addEventListener("click", checkDownload);
    }
    say("downloads-status", "");
  }

  // A format with nothing for this run yet (the PRISMA flow before `querylang
  // records`) answers 409: say why here rather than save an error as a file.
  async function checkDownload(event) {
    const link = event.currentTarget;
    if (link.dataset.checked === "1") { link.dataset.checked = ""; return; }
    event.preventDefault();
    const response = await fetch(link.href, { method: "HEAD" });
    if (response.ok) {
      say("downloads-status", "");
      link.dataset.checked = "1";
      link.click();
      return;
    }
    try { await json(await fetch(link.href)); } catch (error) {
      say("downloads-status", `${link.textContent}: ${error.message}`, "bad");
    }
  }

  async function loadHistory() {
    let data;
    const mine = $("history-mine").checked && state.fileName;
    const query = mine ? `?name=${encodeURIComponent(state.fileName)}` : "";
    try { data = await json(await api(`/api/history${query}`)); } catch (error) {
      $("history-empty").textContent = error.message;
      return;
    }
    const body = $("history-table").tBodies[0];
    body.replaceChildren(...data.runs.map((r) => el("tr", {},
      el("td", {}, el("button", { type: "button", class: "copy", "aria-label": `Downloads of run ${r.run_id}`,
        onclick: () => selectRun(r.run_id) }, `Run ${r.run_id}`)),
      el("td", {}, r.started.replace("T", " ").slice(0, 16)),
      el("td", {}, r.source_name, " ", el("button", { type: "button", class: "copy",
        "aria-label": `Open the strategy of run ${r.run_id} in the editor`,
        onclick: () => openRun(r.run_id, r.source_name) }, "Edit")),
      el("td", {}, state.databases.filter((d) => d.name in r.counts).map((d) => [d.short || d.name, r.counts[d.name]]).map(([n, c]) => `${n} ${c[0] === null ? c[1] : number(c[0])}`).join(" · ")),
      el("td", {}, el("label", {}, el("input", { type: "checkbox", class: "compare", value: r.run_id,
        onchange: updateDiffButton }), el("span", { class: "visually-hidden" }, `Compare run ${r.run_id}`))))));
    $("history-table").hidden = !data.runs.length;
    $("history-empty").hidden = !!data.runs.length;
    if (data.runs.length && state.runId === null) selectRun(data.runs[0].run_id);
    updateDiffButton();
  }

  async function openRun(id, name) {
    try {
      const run = await json(await api(`/api/runs/${id}`));
      setText(run.source_text, name.startsWith("<") ? "" : name);
      editor.focus();
    } catch (error) {
      $("history-empty").hidden = false;
      $("history-empty").textContent = error.message;
    }
  }

  function ticked() {
    return [...document.querySelectorAll("input.compare:checked")].map((i) => Number(i.value));
  }

  function updateDiffButton() { $("diff-button").disabled = ticked().length !== 2; }

  function lineLabel(c, a, b) {
    if (c.number_a === null) return `#${c.number_b} (run ${b} only)`;
    if (c.number_b === null) return `#${c.number_a} (run ${a} only)`;
    return c.number_a === c.number_b ? `#${c.number_b}` : `#${c.number_a} → #${c.number_b}`;
  }

  $("diff-button").addEventListener("click", async () => {
    const [b, a] = ticked().sort((x, y) => y - x);
    let data;
    try { data = await json(await api(`/api/diff?a=${a}&b=${b}`)); } catch (error) {
      $("diff").replaceChildren(el("p", { class: "summary bad" }, error.message));
      return;
    }
    const titles = Object.fromEntries(state.databases.map((d) => [d.name, d.title]));
    const rows = data.changes.map((c) => el("tr", { class: c.change ? "changed" : "" },
      el("td", {}, titles[c.target] || c.target), el("td", {}, lineLabel(c, a, b)),
      el("td", { class: "num" }, number(c.count_a)), el("td", { class: "num" }, number(c.count_b)),
      el("td", { class: "num" }, c.change === null ? "–" : (c.change > 0 ? "+" : "") + number(c.change)),
      el("td", {}, c.query_changed ? "query changed" : "")));
    $("diff").replaceChildren(
      data.same_strategy ? null : el("p", { class: "muted" }, "The two runs searched different strategy texts: lines are matched by their text."),
      data.pairs.filter((p) => p.kind !== "same").length ? el("ul", { class: "notes" },
        data.pairs.filter((p) => p.kind !== "same").map((p) => el("li", {},
          p.kind === "added" ? `added in run ${b}: #${p.number_b} ${p.text_b}` :
          p.kind === "removed" ? `removed after run ${a}: #${p.number_a} ${p.text_a}` :
          `changed: #${p.number_a} ${p.text_a} → #${p.number_b} ${p.text_b}`))) : null,
      el("table", { class: "counts" }, el("caption", {}, `Run ${a} → run ${b}`),
        el("thead", {}, el("tr", {}, ["Database", "Line", `Run ${a}`, `Run ${b}`, "Change", ""].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rows)));
  });

  // -- start -------------------------------------------------------------------------------

  editor.addEventListener("input", () => { paintEditor(); scheduleCheck(); });
  editor.addEventListener("scroll", syncScroll);
  editor.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); run(); }
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
  });

  async function start() {
    try {
      const status = await json(await api("/api/status"));
      state.databases = status.databases;
      state.downloads = status.downloads;
      if (status.dialects && status.dialects.length) {
        // The import's databases come from the server (the registry's importers).
        $("import-dialect").replaceChildren(...status.dialects.map((d) =>
          el("option", { value: d.name }, d.title)));
      }
      const keys = status.databases.filter((d) => d.key_env).map((d) =>
        `${d.key_env} ${d.has_key ? "set" : "not set"}`);
      $("server-status").textContent = `querylang ${status.version} · ${keys.join(" · ")}`;
      $("log-where").textContent = `Search log: ${status.log}`;
      renderDatabases();
    } catch (error) {
      $("server-status").textContent = error.message;
    }
    let draft = null;
    let name = "";
    try {
      draft = localStorage.getItem(DRAFT_KEY);
      name = localStorage.getItem(DRAFT_KEY + ".name") || "";
    } catch (e) { /* private mode */ }
    if (draft) setText(draft, name);
    else $("load-example").click();
    loadHistory();
  }
  start();
})();
