"""The national 보조금24 (gov24 「공공서비스 정보」) data: what its fields and codes mean."""
