-- expect: SIZE
CREATE TABLE t (size INTEGER)
/
