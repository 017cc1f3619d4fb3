"""Trace: find which of her own photos appear in leaked material, and keep a record of it.

One module per job: ``model`` (the values), ``features`` (what is computed from one picture),
``index`` (her photos, cached owner-only), ``match`` (exact bytes, perceptual hash, local
features), ``exports`` (Telegram chat exports and loose folders), ``run`` (the whole pass),
``evidence`` (the record and its manifest), ``summary`` (the HTML page), ``render`` (what the
terminal shows).
"""
