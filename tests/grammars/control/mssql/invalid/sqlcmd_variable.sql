-- expect: scripting variable
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'costs $(price)', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N't';
