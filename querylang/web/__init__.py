"""The local web page (``querylang serve``): write, translate, run and
document a strategy in the browser.

- :mod:`querylang.web.app`: the Starlette application and its routes;
- :mod:`querylang.web.guard`: the token, Host/Origin checks and body cap
  every request passes first;
- :mod:`querylang.web.api`: the JSON endpoints, over the functions the
  command line uses; :mod:`querylang.web.inputs` checks what they are sent;
- :mod:`querylang.web.running`: a run, streamed as server-sent events;
- :mod:`querylang.web.downloads`: the report formats the page offers;
- :mod:`querylang.web.server`: uvicorn, the URL, the browser.

The page itself is plain HTML, CSS and JavaScript in ``static/`` (shipped in
the wheel, no build step, nothing fetched from elsewhere).
"""
