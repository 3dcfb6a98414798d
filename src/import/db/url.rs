//! Where to connect: `postgresql://USER:PASSWORD@HOST:PORT/DATABASE` or
//! `mysql://USER:PASSWORD@HOST:PORT/DATABASE` (also `postgres://`, `mariadb://`), what the URL
//! leaves out taken from the environment variables the engine's own client reads (`PGHOST`,
//! `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`; `MYSQL_HOST`, `MYSQL_TCP_PORT`,
//! `MYSQL_PWD`, `USER`). [`Connection::display`] shows it without the password.

use crate::model::DialectName;

use super::DbError;

/// A parsed URL. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    pub dialect: DialectName,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    pub database: Option<String>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.display())
    }
}

impl Connection {
    /// Reads `url`, taking what it leaves out from `env` (the process environment in the
    /// command, a map in tests).
    pub fn parse(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Connection, DbError> {
        let bad = |why: &str| DbError {
            code: "E087",
            message: format!(
                "not a database URL ({why}): give postgresql://USER@HOST:PORT/DATABASE or mysql://USER@HOST:PORT/DATABASE"
            ),
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let dialect = match scheme.to_ascii_lowercase().as_str() {
            "postgresql" | "postgres" => DialectName::Postgresql,
            "mysql" | "mariadb" => DialectName::Mysql,
            _ => return Err(bad("the scheme is neither postgresql nor mysql")),
        };
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let (authority, path) = match rest.split_once('/') {
            Some((a, p)) => (a, p),
            None => (rest, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((user, password)) => (
                    Some(decode(user).ok_or_else(|| bad("bad %-escape in the user"))?),
                    Some(decode(password).ok_or_else(|| bad("bad %-escape in the password"))?),
                ),
                None => (
                    Some(decode(u).ok_or_else(|| bad("bad %-escape in the user"))?),
                    None,
                ),
            },
            None => (None, None),
        };
        let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
            // [::1]:5432
            let (h, after) = inner.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            (h.to_string(), after.strip_prefix(':').map(str::to_string))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p.to_string())),
                None => (hostport.to_string(), None),
            }
        };
        let pg = dialect == DialectName::Postgresql;
        let var = |pg_name: &str, my_name: &str| env(if pg { pg_name } else { my_name });
        let host = non_empty(Some(host))
            .or_else(|| var("PGHOST", "MYSQL_HOST"))
            .unwrap_or_else(|| "localhost".to_string());
        let port = match non_empty(port).or_else(|| var("PGPORT", "MYSQL_TCP_PORT")) {
            Some(p) => p.parse::<u16>().map_err(|_| bad("the port is no number"))?,
            None if pg => 5432,
            None => 3306,
        };
        let user = non_empty(user)
            .or_else(|| if pg { env("PGUSER") } else { None })
            .or_else(|| env("USER"))
            .unwrap_or_else(|| if pg { "postgres" } else { "root" }.to_string());
        let password = password.or_else(|| var("PGPASSWORD", "MYSQL_PWD"));
        let database = non_empty(Some(decode(path).ok_or_else(|| bad("bad %-escape"))?))
            .or_else(|| if pg { env("PGDATABASE") } else { None })
            .or_else(|| pg.then(|| user.clone()));
        Ok(Connection {
            dialect,
            host,
            port,
            user,
            password,
            database,
        })
    }

    /// The URL without its password: what the model's files and the messages name.
    pub fn display(&self) -> String {
        let scheme = match self.dialect {
            DialectName::Postgresql => "postgresql",
            _ => "mysql",
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "{scheme}://{}@{host}:{}/{}",
            self.user,
            self.port,
            self.database.as_deref().unwrap_or("")
        )
    }

    /// `PostgreSQL` or `MySQL/MariaDB`.
    pub fn engine(&self) -> &'static str {
        match self.dialect {
            DialectName::Postgresql => "PostgreSQL",
            _ => "MySQL/MariaDB",
        }
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// `%40` → `@`; `None` for a bad escape or bytes that are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, vars: &[(&str, &str)]) -> Connection {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Connection::parse(url, &|k| {
            vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
        .unwrap()
    }

    #[test]
    fn urls_and_environment() {
        let c = parse("postgresql://app:s%40cret@db.example:6543/shop", &[]);
        assert_eq!(
            (c.host.as_str(), c.port, c.user.as_str()),
            ("db.example", 6543, "app")
        );
        assert_eq!(c.password.as_deref(), Some("s@cret"));
        assert_eq!(c.database.as_deref(), Some("shop"));
        assert_eq!(c.display(), "postgresql://app@db.example:6543/shop");
        assert!(!format!("{c:?}").contains("s@cret"));
        let c = parse(
            "postgres:///",
            &[
                ("PGHOST", "h"),
                ("PGPORT", "1"),
                ("PGUSER", "u"),
                ("PGPASSWORD", "p"),
            ],
        );
        assert_eq!(
            (
                c.host.as_str(),
                c.port,
                c.user.as_str(),
                c.password.as_deref()
            ),
            ("h", 1, "u", Some("p"))
        );
        assert_eq!(c.database.as_deref(), Some("u"));
        let c = parse("mysql://root@127.0.0.1/app", &[("MYSQL_PWD", "x")]);
        assert_eq!((c.port, c.password.as_deref()), (3306, Some("x")));
        assert!(Connection::parse("http://x", &|_| None).is_err());
    }
}
