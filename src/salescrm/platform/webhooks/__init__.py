"""Signed webhooks: subscriptions per event type, deliveries with retries and a log."""
