"""Views of the prize, by screen: permission → form → domain call → redirect or render."""
