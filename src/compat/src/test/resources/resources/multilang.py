# The Storm multilang protocol, the little the test scripts need (what storm.py does): JSON messages ended by "end".
import json, os, sys

def read():
    lines = []
    while True:
        line = sys.stdin.readline()
        if not line:
            sys.exit(0)
        if line.strip() == "end":
            return json.loads("\n".join(lines))
        lines.append(line)

def send(msg):
    sys.stdout.write(json.dumps(msg) + "\nend\n")
    sys.stdout.flush()

def handshake():
    """Reads the setup message, writes the pid file Storm waits for, returns the setup (conf, context, pidDir)."""
    setup = read()
    open(os.path.join(setup["pidDir"], str(os.getpid())), "w").close()
    send({"pid": os.getpid()})
    return setup
