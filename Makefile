# make && sudo make install: the release binary, configuration in /etc/ioc, the state directory,
# man page, completions, the systemd unit and the sshd snippet. PREFIX (default /usr/local) and
# DESTDIR are honoured; `make uninstall` removes what install added and nothing else.
PREFIX ?= /usr/local
DESTDIR ?=
SYSCONFDIR ?= /etc
STATEDIR ?= /var/lib/ioc
IOC_BINARY ?= .build/release/ioc
# The commit `ioc --version` names ("-dirty" when the tree has uncommitted changes).
COMMIT := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
export PREFIX DESTDIR SYSCONFDIR STATEDIR IOC_BINARY

.PHONY: all install uninstall man

all: $(IOC_BINARY)

.build/release/ioc: Package.swift $(shell find Sources -name '*.swift' -o -name '*.c' -o -name '*.h')
	swift build -c release --product ioc -Xcc -DIOC_COMMIT='"$(COMMIT)"'

install: $(IOC_BINARY)
	sh packaging/install.sh install

uninstall:
	sh packaging/install.sh uninstall

# The man page alone, generated from the commands' own help.
man: $(IOC_BINARY)
	python3 tools/manpage.py $(IOC_BINARY) > ioc.1
