"""Low-code customization: custom fields and objects, validation rules, page layouts."""
