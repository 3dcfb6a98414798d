-- expect: in ADMIN_CMD's command
CALL SYSPROC.ADMIN_CMD('REORG TABEL T')
/
