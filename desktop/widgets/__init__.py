"""Small reusable widgets shared by the dialogs and the contact panel."""
