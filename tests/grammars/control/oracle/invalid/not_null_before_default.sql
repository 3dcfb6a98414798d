-- expect: mismatched input 'DEFAULT'
CREATE TABLE t (a INTEGER NOT NULL DEFAULT 0)
/
