"""Is a kept connection still alive, without asking the server?

Django's health check (CONN_HEALTH_CHECKS) sent `SELECT 1` at the start of every request that used the database, and
the pool's check an empty query each time it lent a connection: a round trip, 0.15 to 0.3 ms a request here. An idle
connection has nothing to read. A server that ends the session (a restart, `pg_terminate_backend`, an idle timeout)
sends its notice and closes the socket, and a crashed one's socket is closed by the kernel: either makes the socket
readable. So a connection that is idle, open and quiet is taken as alive; anything else is checked by a round trip
as before. (A network that drops packets without a word defeats both checks alike: the first statement waits for
TCP's timeout.)"""

import select

import psycopg
from psycopg import pq
from psycopg_pool import ConnectionPool


def is_quiet(connection: psycopg.Connection) -> bool:
    """Open, idle (no transaction left open) and with nothing arrived to read."""
    if connection.closed or connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    poller = select.poll()  # not select(): it refuses descriptors above 1024
    poller.register(connection.fileno(), select.POLLIN)
    return not poller.poll(0)


def pool_check(connection: psycopg.Connection) -> None:
    """psycopg_pool's `check` (raises when the connection is broken), by a round trip only where is_quiet cannot
    vouch for it."""
    if not is_quiet(connection):
        ConnectionPool.check_connection(connection)
