"""ytemu: an offline emulator of the YouTube Data API v3 and Google OAuth.

It is the independent oracle for ytrix's tests and must never import ``ytrix``.

Module map
----------
The core (top level) is the machinery every API shares; features are packages grouped by
meaning, each with a ``routes`` module that registers its endpoints.

``server``      router assembly, ThreadingHTTPServer front end, :class:`EmulatorServer`
``dispatch``    the pipeline every routed call goes through (auth, faults, quota, log)
``router``      ``Router``/``Route``/``RequestContext``/``Response``/``Identity``
``batch``       the multipart ``/batch`` endpoint (each part runs the full pipeline)
``errors``      Google JSON error envelopes, ``ApiError`` and one constructor per reason
``clock``       emulator clock (real time + offset), Pacific days
``world``       all state behind one lock, JSON persistence; ``model`` holds the records
``quota``       cost table, charging policy, per-project per-Pacific-day ledger
``faults``      fault-injection rules
``discovery``   query validation from google-api-python-client's bundled discovery docs
``partial``     the ``fields=`` partial-response filter
``seed``        ``seed_demo(world)``; ``testing`` ``start_emulator`` (fixtures: tests/helpers)
``youtube/``    the Data API v3 (``/youtube/v3/...``)
``oauth/``      Google OAuth: consent screen, token endpoints, token records
``admin/``      the ``/_emu/`` admin API and its client :class:`ytemu.admin.EmuAdmin`
``cloud/``      Cloud control plane (Resource Manager, Service Usage, IAM, Billing)
``captions/``   what yt-dlp sees: playlist/video info and caption downloads

Adding routes
-------------
A module exposes ``register(router: ytemu.router.Router) -> None`` and calls::

    router.add("POST", r"/v3/projects", "cloudresourcemanager.projects.create", handler,
               scopes=[CLOUD_PLATFORM], discovery="cloudresourcemanager.v3")

* path: a regex matched with ``fullmatch`` against the URL path (query excluded); named
  groups land in ``ctx.path_params``.
* api method name: the discovery ``id`` (``youtube.playlistItems.insert``); fault rules,
  the request log and query validation (``discovery=`` a document name such as
  ``"youtube.v3"``) key on it.
* ``cost=`` YouTube quota units; leave ``None`` for unmetered APIs.  ``auth=``
  ``"required"`` (default; Bearer token -> ``ctx.identity``), ``"optional"`` or ``"none"``.
  ``scopes=`` any-of scopes (403 insufficientPermissions otherwise).

A handler is ``def handler(ctx: RequestContext) -> Response``.  It runs with
``ctx.world.lock`` held (never sleep in it), reads ``ctx.method``, ``ctx.path``,
``ctx.path_params``, ``ctx.query`` (multi-dict; ``ctx.param(name)``, ``ctx.params(name)``
for comma/repeat lists), ``ctx.headers`` (lower-case keys), ``ctx.body``, ``ctx.json()``
/ ``ctx.json_object()`` / ``ctx.form()``, ``ctx.world`` (== ``ctx.state``), ``ctx.clock``
/ ``ctx.now()`` and ``ctx.identity`` (client id, project, channel id, scopes; raises 401
when absent).  It returns ``Response.json(obj)`` / ``Response.empty()`` / ... or raises
an ``errors.ApiError`` (e.g. ``errors.not_found(...)``, ``errors.make(status,
errors.envelope(...))``).  Fault injection, latency and the request log apply to it
automatically.  Persist extension data in ``ctx.world.ext("cloud")`` (a JSON dict).

``server.build_router`` calls each feature's ``routes.register(router)``; a new feature
package adds its line there.
"""

__version__ = "0.1.0"
