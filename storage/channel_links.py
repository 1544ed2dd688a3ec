"""Which users manage which channels from their private chats, and which one each manages now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from storage.models import ChannelLink, Chat


def link_channel(s: Session, user_id: int, channel_id: int, now: datetime) -> ChannelLink:
    """Connect the channel to the user (again) and make it the one they manage now."""
    link = _link(s, user_id, channel_id)
    if link is None:
        nested = s.begin_nested()
        link = ChannelLink(user_id=user_id, channel_id=channel_id, connected_at=now, checked_at=now)
        s.add(link)
        try:
            nested.commit()
        except IntegrityError:  # connected at the same moment by another update
            nested.rollback()
            link = _link(s, user_id, channel_id)
            assert link is not None
    link.checked_at = now
    s.add(link)
    s.flush()
    set_managing(s, user_id, channel_id)
    return link


def unlink_channel(s: Session, user_id: int, channel_id: int) -> bool:
    """Forget the link; False when there was none."""
    result = s.execute(
        delete(ChannelLink).where(
            col(ChannelLink.user_id) == user_id, col(ChannelLink.channel_id) == channel_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult; exec() says Result


def set_managing(s: Session, user_id: int, channel_id: int | None) -> ChannelLink | None:
    """The user now manages `channel_id` (None: their own chat); None if it isn't linked."""
    s.execute(
        update(ChannelLink)
        .where(col(ChannelLink.user_id) == user_id, col(ChannelLink.channel_id) != channel_id)
        .values(managing=False)
    )
    if channel_id is None:
        return None
    link = _link(s, user_id, channel_id)
    if link is not None:
        link.managing = True
        s.add(link)
    return link


def managed_link(s: Session, user_id: int) -> tuple[ChannelLink, Chat] | None:
    """The link the user manages now, with the channel's chat row."""
    row = s.exec(
        select(ChannelLink, Chat)
        .join(Chat, col(Chat.id) == col(ChannelLink.channel_id))
        .where(ChannelLink.user_id == user_id, col(ChannelLink.managing))
    ).first()
    return None if row is None else (row[0], row[1])


def links_of(s: Session, user_id: int) -> list[tuple[ChannelLink, Chat]]:
    """The user's channels, oldest connection first."""
    rows = s.exec(
        select(ChannelLink, Chat)
        .join(Chat, col(Chat.id) == col(ChannelLink.channel_id))
        .where(ChannelLink.user_id == user_id)
        .order_by(col(ChannelLink.id))
    )
    return [(link, chat) for link, chat in rows]


def note_checked(s: Session, user_id: int, channel_id: int, now: datetime) -> None:
    """The user's admin rights in the channel were confirmed at `now`."""
    s.execute(
        update(ChannelLink)
        .where(col(ChannelLink.user_id) == user_id, col(ChannelLink.channel_id) == channel_id)
        .values(checked_at=now)
    )


def _link(s: Session, user_id: int, channel_id: int) -> ChannelLink | None:
    return s.exec(
        select(ChannelLink).where(
            ChannelLink.user_id == user_id, ChannelLink.channel_id == channel_id
        )
    ).first()
