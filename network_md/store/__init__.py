"""Files on disk: the vault and its index, the workers that read it, the cache, writes, git."""
