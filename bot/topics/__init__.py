"""Subscriptions: the chats' topics, compiled into one matcher."""

from bot.topics.index import TopicIndex, document_of

__all__ = ["TopicIndex", "document_of"]
