"""SalesCRM: a connected CRM from campaign to cash."""

__version__ = "0.1.0"
