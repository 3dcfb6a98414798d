-- expect: BOOLEAN is Oracle 23ai and later
-- Dialect: oracle (target version 19c)
CREATE TABLE t (flag BOOLEAN)
/
