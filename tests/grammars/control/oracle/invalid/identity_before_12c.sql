-- expect: identity columns are Oracle 12c and later
-- Dialect: oracle (target version 11.2)
CREATE TABLE t (id NUMBER GENERATED AS IDENTITY)
/
