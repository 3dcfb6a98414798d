-- expect: not terminated
CREATE TABLE T (A INTEGER)
