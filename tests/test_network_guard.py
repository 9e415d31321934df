"""Tests may only talk to this machine: pytest-socket blocks every other address."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_a_connection_to_anything_but_loopback_is_blocked():
    # 0.0.0.0 would reach this machine if the guard failed, so the test itself never leaves it.
    with pytest.raises(SocketConnectBlockedError), pytest.warns(UserWarning, match="0.0.0.0"):
        socket.create_connection(("0.0.0.0", 9), timeout=1)
