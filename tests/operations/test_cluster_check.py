"""The deployment of several app servers behind nginx, a streaming standby and a shared Redis keeps serving through
the loss of an app server and of the standby: scripts/cluster_check.py --short (about a minute and a half) passes.

Every check must pass: a piece of the deployment that is missing (replica routing, the Redis cache) fails the test,
with the script's message naming it."""

from tests.operations.scripts import script_run


def test_the_cluster_serves_through_the_loss_of_an_app_server_and_the_standby(test_database_url):
    done = script_run("scripts/cluster_check.py", "--short", "--from-database", test_database_url, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "cluster check: OK" in done.stdout
