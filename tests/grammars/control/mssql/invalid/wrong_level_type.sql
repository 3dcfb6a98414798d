-- expect: not one of the documented object types
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'x', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLES', @level1name = N't';
