"""Where news comes from: the curated feed catalogue, the sources chats add, and key-less
news searches per topic (Google News, Bing News, GDELT)."""
