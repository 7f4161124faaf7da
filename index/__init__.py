"""The whoosh index of sections: schema, writing, searching, cross-references.

All whoosh code of copdocs lives in this package.
"""
