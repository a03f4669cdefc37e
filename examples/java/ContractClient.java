// A minimal Java (PostgreSQL JDBC driver) client of tenantdb, following the tenant-context contract.
//
// Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD), turned into
// a jdbc:postgresql:// URL. Tenants and acting persons: TENANT_A, USER_A, TENANT_B, USER_B (USER_*
// empty for the service role). POOLED=1 when connecting through PgBouncer in transaction mode:
// then prepareThreshold=0 (pgjdbc's default of 5 prepares server-side statements, which break
// there before PgBouncer 1.21). LOAD_WORKERS / LOAD_TRANSACTIONS > 0 add a concurrent load.
// Build and run: javac -d out ContractClient.java && java -cp out:/usr/share/java/postgresql.jar ContractClient
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

public final class ContractClient {
    /** The contract, in one place: the first statement of every transaction (transaction-local). */
    static final String SET_CONTEXT =
        "SELECT app.set_context(?::uuid, NULLIF(?::text, '')::uuid)";  // '' user: no person (service role)

    static final String USERS_SQL = "SELECT tenant_id::text FROM app.users";
    static final String INSERT_SQL = "INSERT INTO app.users (tenant_id, email, display_name) VALUES (?::uuid, ?, ?)";
    static final boolean POOLED = "1".equals(System.getenv("POOLED"));

    private ContractClient() {}

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    static Connection connect() throws SQLException {
        String url = "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/" + env("PGDATABASE", "tenantdb");
        Properties props = new Properties();
        props.setProperty("user", env("PGUSER", ""));
        if (!env("PGPASSWORD", "").isEmpty()) props.setProperty("password", env("PGPASSWORD", ""));
        // Direct: prepare on the first execution, to test server-side plans across contexts.
        props.setProperty("prepareThreshold", POOLED ? "0" : "1");
        Connection conn = DriverManager.getConnection(url, props);
        conn.setAutoCommit(false);
        return conn;
    }

    static void result(String name, Object value) {
        System.out.println("result " + name + " " + value);
    }

    static void setContext(Connection conn, String tenant, String user) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(SET_CONTEXT)) {
            ps.setString(1, tenant);
            ps.setString(2, user);
            ps.executeQuery().close();
        }
    }

    static List<String> tenantsOf(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static List<String> visible(Connection conn, String tenant, String user) throws SQLException {
        setContext(conn, tenant, user);
        try (PreparedStatement ps = conn.prepareStatement(USERS_SQL)) {
            List<String> rows = tenantsOf(ps);
            conn.commit();
            return rows;
        }
    }

    static long foreign(List<String> rows, String tenant) {
        return rows.stream().filter(t -> !t.equals(tenant)).count();
    }

    static String insertState(Connection conn, String contextTenant, String contextUser, String rowTenant, String email) {
        try {
            if (contextTenant != null) setContext(conn, contextTenant, contextUser);
            try (PreparedStatement ps = conn.prepareStatement(INSERT_SQL)) {
                ps.setString(1, rowTenant);
                ps.setString(2, email);
                ps.setString(3, "Intruder");
                ps.executeUpdate();
            }
            conn.commit();
            return "ok";
        } catch (SQLException e) {
            rollbackQuietly(conn);
            return e.getSQLState();
        }
    }

    static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the caller reports the original error
        }
    }

    static void checks(Connection conn, String ta, String ua, String tb, String ub) throws SQLException {
        List<String> a = visible(conn, ta, ua);
        List<String> b = visible(conn, tb, ub);
        result("rows_a", a.size());
        result("foreign_a", foreign(a, ta));
        result("rows_b", b.size());
        result("foreign_b", foreign(b, tb));
        result("cross_write", insertState(conn, ta, ua, tb, "intruder@example.invalid"));
        String noContextRead = "ok";  // no context: a read fails loudly (42501), never an empty result
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM app.users")) {
            ps.executeQuery().close();
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly(conn);
            noContextRead = e.getSQLState();
        }
        result("no_context_read", noContextRead);
        result("no_context_write", insertState(conn, null, null, ta, "nobody@example.invalid"));
        String malformed = "ok";
        try {
            setContext(conn, "not-a-uuid", ua);
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM app.users")) {
                ps.executeQuery().close();
            }
            conn.commit();
        } catch (SQLException e) {
            malformed = e.getSQLState();
            rollbackQuietly(conn);
        }
        result("malformed", malformed);
        // One PreparedStatement reused across a context switch (server-side prepared when direct).
        try (PreparedStatement ps = conn.prepareStatement(USERS_SQL)) {
            setContext(conn, ta, ua);
            List<String> pa = tenantsOf(ps);
            conn.commit();
            setContext(conn, tb, ub);
            List<String> pb = tenantsOf(ps);
            conn.commit();
            result("prepared_a", pa.size());
            result("prepared_b", pb.size());
            result("prepared_foreign", foreign(pa, ta) + foreign(pb, tb));
        }
    }

    static void load(String[][] people, int workers, int transactions) throws InterruptedException {
        AtomicInteger done = new AtomicInteger(), cross = new AtomicInteger(), bleed = new AtomicInteger(),
            errors = new AtomicInteger(), unexpected = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final int seed = w;
            Thread t = new Thread(() -> {
                Random random = new Random(seed);
                try (Connection conn = connect()) {
                    for (int i = 0; i < transactions; i++) {
                        String[] person = people[random.nextInt(people.length)];
                        double fate = random.nextDouble();
                        try {
                            if (fate < 0.1) { // no context: no setting, and a read must fail with 42501
                                try (PreparedStatement ps = conn.prepareStatement(
                                         "SELECT coalesce(current_setting('app.tenant_id', true), '')");
                                     ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    if (!rs.getString(1).isEmpty()) bleed.incrementAndGet();
                                }
                                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM app.users")) {
                                    ps.executeQuery().close();
                                    bleed.incrementAndGet();  // a result without a context would be bleed
                                } catch (SQLException e) {
                                    if (!"42501".equals(e.getSQLState())) throw e;
                                }
                                rollbackQuietly(conn);
                                continue;
                            }
                            setContext(conn, person[0], person[1]);
                            try (PreparedStatement ps = conn.prepareStatement(USERS_SQL)) {
                                if (foreign(tenantsOf(ps), person[0]) > 0) cross.incrementAndGet();
                            }
                            done.incrementAndGet();
                            if (fate < 0.2) {
                                try (PreparedStatement ps = conn.prepareStatement("SELECT 1 / 0")) {
                                    ps.executeQuery().close();
                                }
                            }
                            if (fate < 0.3) conn.rollback(); else conn.commit();
                        } catch (SQLException e) {
                            rollbackQuietly(conn);
                            if ("22012".equals(e.getSQLState())) errors.incrementAndGet();
                            else { unexpected.incrementAndGet(); System.err.println(e); }
                        }
                    }
                } catch (SQLException e) {
                    unexpected.incrementAndGet();
                    System.err.println(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        result("load_transactions", done.get());
        result("load_cross_tenant", cross.get());
        result("load_bleed", bleed.get());
        result("load_errors", errors.get());
        result("load_unexpected", unexpected.get());
    }

    public static void main(String[] args) throws Exception {
        String ta = System.getenv("TENANT_A"), ua = env("USER_A", "");
        String tb = System.getenv("TENANT_B"), ub = env("USER_B", "");
        try (Connection conn = connect()) {
            checks(conn, ta, ua, tb, ub);
        }
        int workers = Integer.parseInt(env("LOAD_WORKERS", "0"));
        int transactions = Integer.parseInt(env("LOAD_TRANSACTIONS", "0"));
        if (workers > 0 && transactions > 0) load(new String[][] {{ta, ua}, {tb, ub}}, workers, transactions);
    }
}
