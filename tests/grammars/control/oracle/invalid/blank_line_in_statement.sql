-- expect: blank line inside a statement
CREATE TABLE t (
    a INTEGER,

    b INTEGER
)
/
