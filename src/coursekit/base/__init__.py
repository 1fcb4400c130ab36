"""The ground floor: constants, optional-import control and the plug-in loader.

Everything here imports only the standard library, so that any wing (and ``coursekit
--help``) may use it at no cost. Imports: nothing of coursekit.
"""
