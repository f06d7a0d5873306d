from salescrm.platform.tenancy.context import Context, CurrentUser

__all__ = ["Context", "CurrentUser"]
