CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE chat (
	id BIGINT NOT NULL, 
	kind VARCHAR NOT NULL, 
	title VARCHAR, 
	active BOOLEAN NOT NULL, 
	digest_enabled BOOLEAN NOT NULL, 
	digest_time VARCHAR NOT NULL, 
	timezone VARCHAR NOT NULL, 
	language VARCHAR, 
	region VARCHAR, 
	next_digest_at DATETIME, 
	last_digest_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_chat_next_digest_at ON chat (next_digest_at);
CREATE TABLE topic (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	"query" VARCHAR NOT NULL, 
	normalized VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_topic_chat_query UNIQUE (chat_id, normalized)
);
CREATE INDEX ix_topic_chat_id ON topic (chat_id);
CREATE TABLE source (
	id INTEGER NOT NULL, 
	url TEXT NOT NULL, 
	title VARCHAR, 
	kind VARCHAR NOT NULL, 
	builtin BOOLEAN NOT NULL, 
	added_by_chat_id BIGINT, 
	etag VARCHAR, 
	last_modified VARCHAR, 
	last_polled_at DATETIME, 
	last_success_at DATETIME, 
	next_poll_at DATETIME, 
	failures INTEGER NOT NULL, 
	last_error VARCHAR, 
	disabled BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (url)
);
CREATE INDEX ix_source_next_poll_at ON source (next_poll_at);
CREATE TABLE story (
	id INTEGER NOT NULL, 
	headline VARCHAR NOT NULL, 
	first_seen DATETIME NOT NULL, 
	last_updated DATETIME NOT NULL, 
	article_count INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_story_last_updated ON story (last_updated);
CREATE TABLE article (
	id INTEGER NOT NULL, 
	canonical_url TEXT NOT NULL, 
	url TEXT NOT NULL, 
	title VARCHAR NOT NULL, 
	outlet VARCHAR, 
	source_id INTEGER, 
	published_at DATETIME, 
	fetched_at DATETIME NOT NULL, 
	text TEXT NOT NULL, 
	summary TEXT NOT NULL, 
	language VARCHAR, 
	text_from VARCHAR NOT NULL, 
	story_id INTEGER, 
	duplicate_of INTEGER, 
	archive_url TEXT, 
	archive_checked_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (canonical_url), 
	FOREIGN KEY(source_id) REFERENCES source (id)
);
CREATE INDEX ix_article_story_id ON article (story_id);
CREATE INDEX ix_article_fetched_at ON article (fetched_at);
CREATE TABLE topicmatch (
	id INTEGER NOT NULL, 
	topic_id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	matched_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_match_topic_article UNIQUE (topic_id, article_id), 
	FOREIGN KEY(topic_id) REFERENCES topic (id), 
	FOREIGN KEY(article_id) REFERENCES article (id)
);
CREATE INDEX ix_topicmatch_topic_id ON topicmatch (topic_id);
CREATE INDEX ix_topicmatch_article_id ON topicmatch (article_id);
CREATE INDEX ix_topicmatch_chat_id ON topicmatch (chat_id);
CREATE TABLE delivery (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	article_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	sent_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_delivery_chat_article UNIQUE (chat_id, article_id), 
	FOREIGN KEY(article_id) REFERENCES article (id)
);
CREATE INDEX ix_delivery_chat_id ON delivery (chat_id);
CREATE TABLE storyfollow (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	story_id INTEGER NOT NULL, 
	anchor_message_id INTEGER, 
	last_article_id INTEGER NOT NULL, 
	last_update_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_follow_chat_story UNIQUE (chat_id, story_id)
);
CREATE INDEX ix_storyfollow_chat_id ON storyfollow (chat_id);
CREATE INDEX ix_storyfollow_story_id ON storyfollow (story_id);
CREATE TABLE storymute (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	story_id INTEGER NOT NULL, 
	until DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_mute_chat_story UNIQUE (chat_id, story_id)
);
CREATE INDEX ix_storymute_chat_id ON storymute (chat_id);
CREATE TABLE storyseen (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	story_id INTEGER NOT NULL, 
	last_article_id INTEGER NOT NULL, 
	seen_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_seen_chat_story UNIQUE (chat_id, story_id)
);
CREATE INDEX ix_storyseen_chat_id ON storyseen (chat_id);
CREATE TABLE outbox (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	kind VARCHAR NOT NULL, 
	html TEXT NOT NULL, 
	buttons TEXT NOT NULL, 
	article_ids TEXT NOT NULL, 
	reply_to INTEGER, 
	status VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	not_before DATETIME NOT NULL, 
	claimed_by VARCHAR, 
	claim_until DATETIME, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	message_id INTEGER, 
	last_error VARCHAR, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_outbox_chat_id_id ON outbox (chat_id, id);
CREATE INDEX ix_outbox_status_id ON outbox (status, id);
CREATE TABLE sendpace (
	id INTEGER NOT NULL, 
	next_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE misseddigest (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	due_at DATETIME NOT NULL, 
	noted_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_misseddigest_chat_id ON misseddigest (chat_id);
CREATE TABLE chatsource (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	source_id INTEGER NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_chat_source UNIQUE (chat_id, source_id), 
	FOREIGN KEY(source_id) REFERENCES source (id)
);
CREATE INDEX ix_chatsource_chat_id ON chatsource (chat_id);
CREATE INDEX ix_chatsource_source_id ON chatsource (source_id);
CREATE TABLE sourcemute (
	id INTEGER NOT NULL, 
	chat_id BIGINT NOT NULL, 
	host VARCHAR NOT NULL, 
	until DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_source_mute_chat_host UNIQUE (chat_id, host)
);
CREATE INDEX ix_sourcemute_chat_id ON sourcemute (chat_id);
INSERT INTO schema_version (version) VALUES (6);
