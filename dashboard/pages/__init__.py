"""The dashboard's pages: the map (:mod:`dashboard.pages.peta`, ``/``) and the import page
(:mod:`dashboard.pages.impor`, ``/impor``). Each page has its layout and a ``register``
function attaching its callbacks; a callback checks its input, calls one pure helper of
:mod:`dashboard.model` and formats the answer with :mod:`dashboard.components`."""
