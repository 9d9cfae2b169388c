"""시정 소식 and 읍면동 소식: articles written and published by the owning departments, read
by everyone as feeds (in the app and as Atom)."""
