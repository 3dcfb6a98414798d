-- expect: substitution variable
COMMENT ON TABLE t IS 'Terms & Conditions'
/
