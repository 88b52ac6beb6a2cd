"""Registrar Desk (学籍学历注册工作台)."""

__version__ = "0.1.0"
