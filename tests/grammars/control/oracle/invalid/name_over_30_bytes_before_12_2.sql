-- expect: is 31 bytes long; the limit is 30
-- Dialect: oracle (target version 12.1)
CREATE TABLE AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA (a INTEGER)
/
