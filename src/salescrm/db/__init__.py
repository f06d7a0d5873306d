from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin, TimestampMixin

__all__ = ["Base", "IdMixin", "OwnedMixin", "RecordMixin", "TenantMixin", "TimestampMixin"]
