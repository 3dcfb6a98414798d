-- From 12.2 a name holds up to 128 bytes (Database Object Names and Qualifiers).
-- Dialect: oracle (target version 12.2)
CREATE TABLE AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA (a INTEGER)
/
