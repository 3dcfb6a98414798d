-- expect: not terminated
CREATE TABLE t (a INTEGER)
