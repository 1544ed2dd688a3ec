"""From feed entries to stored articles: fetch the page, extract, summarise, store once."""
