"""How the business objects take part in the generic import (adapters)."""
