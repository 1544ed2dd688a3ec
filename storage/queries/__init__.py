"""The queries on the tables, one module per table group; each takes an open Session and
`Database.run` commits around it.

Import the module, not its functions, under the name `<module>_q`, so a call says which table
group it reads: `from storage.queries import chats as chats_q` ... `db.run(chats_q.get_chat, 42)`.
Nothing is re-exported here.
"""
