"""Our date formats per language, where Django's differ from how the product shows times."""
