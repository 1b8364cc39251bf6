-- One database per service: each owns its data.
CREATE DATABASE booking;
CREATE DATABASE workshop;
CREATE DATABASE parts;
CREATE DATABASE billing;
CREATE DATABASE crm;
