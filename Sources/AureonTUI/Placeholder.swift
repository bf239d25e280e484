// AureonTUI
