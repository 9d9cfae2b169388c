"""시정 소식 and 읍면동 소식: the feeds, an article, and the officers' desk and editor."""
