"""AI 민원상담 챗봇 (catalog function chatbot): answers grounded in the city's own information."""
