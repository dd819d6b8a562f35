"""The knowledge base: versioned entries, embedders, FAISS index, lexical scorer, hybrid retrieval, decision policy."""
