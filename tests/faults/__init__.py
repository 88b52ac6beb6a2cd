"""Tools for the sync fault tests: the reference server as a real subprocess
(`server_process`) and a loopback HTTP/1.1 proxy that injects faults on chosen requests
(`proxy`). Nothing here is mocked: the client under test speaks real HTTP over real
sockets to the real server, and the proxy breaks that conversation on purpose."""
