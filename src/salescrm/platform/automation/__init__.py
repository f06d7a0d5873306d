"""Automation rules (工作流规则): on create, update, field change or a date, act."""
