"""Platform export formats, one module per platform family, each registering its formats.

Importing this package imports every format module, which fills the registry in
:mod:`socialkpi.formats.base`.
"""

from socialkpi.formats import (  # noqa: F401
    api_snapshots,
    linkedin,
    meta,
    pinterest,
    snapchat,
    tiktok,
    x,
    youtube,
)
