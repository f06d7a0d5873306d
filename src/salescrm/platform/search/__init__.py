"""Search: the index kept on every write (``index``), what it holds (``terms``), how
``q`` reads it (``match``) and the search across objects (``service``, ``api``)."""
